"""Goals: goals per top manager with KPIs, and step 1."""

from crmwizard.ui import screens

screens.goals_screen()
