"""Results: readiness, reasons, risks and next actions."""

from crmwizard.ui import results, shell

shell.page("results", results.results_screen)
