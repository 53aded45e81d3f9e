"""Team (step 3)."""

from crmwizard.ui import screens, shell

shell.page("team", screens.question_screen, "team")
