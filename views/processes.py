"""Business processes and specification (steps 7 and 8)."""

from crmwizard.ui import screens

screens.question_screen("processes")
