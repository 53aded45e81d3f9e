"""Requirements: the step 6 questionnaire, one category at a time."""

from crmwizard.ui import screens, shell

shell.page("requirements", screens.requirements_screen)
