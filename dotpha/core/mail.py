"""The mail backend of a production server without SMTP settings (DJANGO_EMAIL_HOST unset)."""

import logging

from django.core.mail.backends.base import BaseEmailBackend

logger = logging.getLogger("dotpha.mail")


class UnsentMailBackend(BaseEmailBackend):
    """E-mail is optional: every notification is shown in the app. Without an SMTP server the messages are
    dropped and only counted in the log; the console backend of `make run` would copy their content (names,
    task titles: personal data) into the server's log."""

    def send_messages(self, email_messages):
        count = len(list(email_messages))
        if count:
            logger.info("Không gửi %d thư: chưa cấu hình máy chủ thư (DJANGO_EMAIL_HOST).", count)
        return 0
