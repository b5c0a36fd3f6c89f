"""Legal self-assessment: a State's legislation read against a treaty's obligations, element by element."""
