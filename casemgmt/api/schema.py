"""The OpenAPI contract's error half, declared once: every operation documents the API's one error shape
(``ErrorSerializer``, built by ``errors.exception_handler``) under each status it can answer with.

Per route kind rather than per view, so a new endpoint documents its errors without a decorator:
- every operation: 400 (unusable input or query parameters), 401 (no login or token), 403 (role or read-only
  user), 429 (throttled);
- every operation: 404 too (an object named in the path, query or body that is missing or not visible to this
  user: the two are not told apart; a page past the end of a list);
- an operation that writes: 409 (state or version conflict, a job already under way) and 422 (refused by the
  rulebook, one item per broken rule with its article);
- an operation that reads a stored file or starts a background job: 409 (file tampered with, job busy) and
  503 (task queue unavailable).
A view's own ``extend_schema(responses=...)`` keeps its description for a status it documents itself.
"""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema

from casemgmt.strictinput import StrictInputMixin

from .serializers import ErrorSerializer

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

DESCRIPTIONS = {
    "400": "输入或查询参数错误（含字段名）",
    "401": "未登录或令牌无效",
    "403": "无权执行：角色不符或只读用户",
    "404": "对象不存在或无权查看",
    "409": "状态或版本冲突、任务正在进行或文件内容与登记的SHA-256不符",
    "422": "被法律规则拒绝：每条违反的规则及其法律依据",
    "429": "请求过于频繁，请稍后再试（见 Retry-After）",
    "503": "后台任务队列暂不可用，请稍后再试（见 Retry-After）",
}


class ErrorsAutoSchema(AutoSchema):
    """REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]: the default AutoSchema plus the error responses of the route."""

    # Views that read a stored file or start a background job set ``schema_errors = ("409", "503")``, or the
    # statuses they add; see ``error_statuses``.
    def error_statuses(self) -> list[str]:
        # 404 everywhere: a path id, a page past the end, or a case named in the query or body that this user
        # cannot see (the access helpers answer 404 to outsiders).
        statuses = ["400", "401", "403", "404", "429"]
        if self.method in UNSAFE_METHODS:
            statuses += ["409", "422"]
        statuses += list(getattr(self.view, "schema_errors", ()))
        return sorted(set(statuses))

    def _map_serializer(self, serializer, direction, bypass_extensions=False):
        schema = super()._map_serializer(serializer, direction, bypass_extensions)
        # An input serializer refuses the fields it does not declare (casemgmt.strictinput): say so.
        if direction == "request" and isinstance(serializer, StrictInputMixin):
            schema["additionalProperties"] = False
        return schema

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses

        for code in self.error_statuses():
            if code not in responses:
                responses[code] = self._get_response_for_code(ErrorSerializer, code, direction=direction)
                responses[code]["description"] = DESCRIPTIONS[code]
        for code, response in responses.items():
            # An error a view documents by its description only still has the one error shape.
            if code >= "400" and "content" not in response:
                response["content"] = self._get_response_for_code(ErrorSerializer, code, direction=direction)["content"]
        return responses
