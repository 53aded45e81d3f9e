"""PDF documents built natively with reportlab: the summary report and the integrator brief."""

from reportlab import rl_config

# Checking every attribute set on a chart shape took a tenth of a summary PDF; reportlab reads
# this once, when its graphics modules are imported (below), and our charts are tested.
rl_config.shapeChecking = 0

from crmwizard.report.brief import brief_pdf  # noqa: E402
from crmwizard.report.summary import summary_pdf  # noqa: E402

__all__ = ["brief_pdf", "summary_pdf"]
