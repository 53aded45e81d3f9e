"""Budget (step 2)."""

from crmwizard.ui import screens, shell

shell.page("budget", screens.question_screen, "budget")
