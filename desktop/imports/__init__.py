"""Importing accounts, contacts and history from the CRM a team leaves
(Salesforce, Sage CRM, any CSV with a JSON mapping), and undoing an import."""
