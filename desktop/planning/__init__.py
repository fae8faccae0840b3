"""Call planning: targets, trips, routing, and what a trip prints and exports."""
