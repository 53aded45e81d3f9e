"""Integrations (step 12)."""

from crmwizard.ui import screens

screens.question_screen("integrations")
