"""A deterministic, realistic demo book of business for trying Fieldbook."""
