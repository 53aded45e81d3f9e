"""Plan: the plan-schedule as a Gantt chart, its tasks, costs and the budget check."""

from crmwizard.ui import plan_screen, shell

shell.page("plan", plan_screen.plan_screen)
