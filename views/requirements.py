"""Requirements: the step 6 questionnaire, one category at a time."""

from crmwizard.ui import screens

screens.requirements_screen()
