import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
application = get_wsgi_application()

# Each web worker loads Q&A's encoder before it serves (gongkai/qa/warmup.py).
if os.environ.get("GONGKAI_QA_WARM_UP", "1") != "0":
    from gongkai.qa.warmup import warm_up

    warm_up()
