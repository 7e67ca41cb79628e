"""Fixed settings the end-to-end servers are started with (see tests/e2e/conftest.py)."""

import os

WECHAT_TOKEN = "kayou-e2e-token"
WECHAT_APP_ID = "wx1234567890abcdef"
# 43 characters, as WeChat's EncodingAESKey
WECHAT_AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
WECHAT_APP_SECRET = "kayou-e2e-secret"
# a local HTTP server that stands in for WeChat's API listens here during the WeChat e2e tests
WECHAT_API_PORT = int(os.environ.get("KAYOU_E2E_WECHAT_API_PORT", "18911"))
# the staff console's account (tests/e2e/test_console_e2e.py)
STAFF_USER = "e2e-staff"
STAFF_PASSWORD = "e2e-Console-Passw0rd!"
# the "bank's site" of the widget's embed test (tests/e2e/test_widget_browser.py) listens here; the
# live bot lets only this origin (and its own) frame the widget page
BANK_SITE_PORT = int(os.environ.get("KAYOU_E2E_BANK_SITE_PORT", "18912"))
WIDGET_FRAME_ANCESTORS = f"'self' http://127.0.0.1:{BANK_SITE_PORT}"
