"""Budget (step 2)."""

from crmwizard.ui import screens

screens.question_screen("budget")
