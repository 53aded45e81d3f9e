"""CRM Readiness Wizard: the core, free of any user interface."""
