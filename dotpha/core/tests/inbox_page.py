"""Reading the home page's "Việc cần làm" as a user sees it, for the apps' inbox tests."""

import html
import re

from django.urls import reverse


def inbox_group(client, key: str) -> str | None:
    """The HTML of one group of the signed-in user's home page; None when the group is not shown."""
    text = client.get(reverse("home")).text
    found = re.search(rf'data-group="{key}">(.*?)</div></div>', text, re.S)
    return found.group(1) if found else None


def inbox_lines(client, key: str) -> dict[str, tuple[int, str]] | None:
    """One group's lines, label -> (count, link); None when the group is not shown."""
    group = inbox_group(client, key)
    if group is None:
        return None
    lines = re.findall(
        r'<a [^>]*href="([^"]+)">\s*<span>([^<]+)</span><span [^>]*data-count>(\d+)</span>', group
    )
    return {html.unescape(label): (int(count), html.unescape(url)) for url, label, count in lines}
