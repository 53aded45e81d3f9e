"""Team (step 3)."""

from crmwizard.ui import screens

screens.question_screen("team")
