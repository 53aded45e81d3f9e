"""Start: what the wizard does, the company profile. The other screens are in pages/."""

from crmwizard.ui import screens, shell

shell.page("start", screens.start_screen)
