"""Goals: goals per top manager with KPIs, and step 1."""

from crmwizard.ui import screens, shell

shell.page("goals", screens.goals_screen)
