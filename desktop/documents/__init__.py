"""Print-ready documents (ReportLab): proposals now, contracts and itineraries next."""
