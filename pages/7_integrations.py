"""Integrations (step 12)."""

from crmwizard.ui import screens, shell

shell.page("integrations", screens.question_screen, "integrations")
