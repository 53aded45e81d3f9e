"""Results: readiness, reasons, risks and next actions."""

from crmwizard.ui import results

results.results_screen()
