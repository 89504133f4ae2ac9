"""A minimal view for the load benchmark (``bench/load/``), mounted only when ``BENCH_ENDPOINTS`` is true.

It runs the whole middleware stack but touches neither the database nor a template, so its throughput is the
ceiling of the box in the same run: every page's figure is reported as a fraction of it, which survives noisy
shared machines better than absolute requests per second.
"""

from django.http import HttpResponse
from django.views.decorators.http import require_GET


@require_GET
def ping(request):
    return HttpResponse(b"pong", content_type="text/plain")
