"""The API's JSON body parser: a body is one JSON object, or the request is refused with 400 in Chinese.

Every endpoint reads its body as an object (``request.data.get(...)``, a serializer's fields); an array, string,
number, ``null`` or ``true`` would otherwise reach that code and fail with a 500. DRF's own parse error is English.
"""

from __future__ import annotations

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

NOT_JSON = "请求体不是有效的 JSON"
NOT_OBJECT = "请求体必须是 JSON 对象"


class ObjectJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except ParseError:
            raise ParseError(NOT_JSON) from None
        if not isinstance(data, dict):
            raise ParseError(NOT_OBJECT)
        return data
