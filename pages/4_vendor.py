"""Vendor and integrator criteria (steps 4 and 5)."""

from crmwizard.ui import screens, shell

shell.page("vendor", screens.question_screen, "vendor")
