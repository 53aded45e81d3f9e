"""MVP, training, support and development (steps 10, 11, 13, 14)."""

from crmwizard.ui import screens, shell

shell.page("launch", screens.question_screen, "launch")
