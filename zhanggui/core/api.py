"""The REST API's shared machinery: one NinjaAPI, one error format, one pagination convention.

Every operation documents 400/401/403/404/409/422/429 with ``ErrorOut`` (added by ``ApiRouter``),
declares its permission with ``@api_permission`` and answers errors as
``{"code", "message", "errors": [{"field", "message"}]}``.
"""

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any, ClassVar, Self, TypeVar

import pydantic
import pydantic_core
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.core.validators import ProhibitNullCharactersValidator
from django.db.models import BigIntegerField, QuerySet, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import Field, NinjaAPI, Router, Schema
from ninja.constants import NOT_SET
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import PaginationBase
from ninja.parser import Parser
from ninja.security import HttpBearer, SessionAuth
from pydantic import (
    BeforeValidator,
    GetJsonSchemaHandler,
    PrivateAttr,
    ValidationInfo,
    model_serializer,
    model_validator,
)
from pydantic_core import PydanticCustomError, core_schema

from . import idempotency, policy
from .exceptions import ServiceError
from .middleware import bearer_token, is_bearer_api_call
from .pagination import COUNT_CAP, capped_count
from .permissions import has_perm

ModelT = TypeVar("ModelT", bound=pydantic.BaseModel)

# 429: a sign-in locked out after failed attempts, or too many personal-data reveals in an hour.
ERROR_STATUSES = (400, 401, 403, 404, 409, 422, 429)

# Keys are 64-bit (BigAutoField). An id the database cannot hold is refused as invalid (422)
# before it reaches a query, where it would fail as a server error.
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _not_a_number(value: Any) -> Any:
    """Refuse numbers: pydantic's lax mode reads them (and numeric text) as unix seconds, so ``0`` was 1970-01-01."""
    if isinstance(value, int | float) or (isinstance(value, str) and _is_number(value)):
        raise PydanticCustomError("date_format", _("Enter a date as YYYY-MM-DD."))
    return value


# A day in a query parameter (``?since=2025-06-01``); every date filter of the API is one.
IsoDate = Annotated[dt.date, BeforeValidator(_not_a_number)]


class FieldErrorOut(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    code: str
    message: str
    errors: list[FieldErrorOut] = Field(default_factory=list)


def _no_token_authenticator(raw_token: str) -> Any:
    raise ImproperlyConfigured("no app registered an API token authenticator (register_token_authenticator)")


_token_authenticator: Callable[[str], Any] = _no_token_authenticator


def register_token_authenticator(authenticate: Callable[[str], Any]) -> None:
    """Install the function that turns a raw bearer token into an active staff member, or None.

    The staff context owns tokens; it registers its check here in ``AppConfig.ready``.
    """
    global _token_authenticator
    _token_authenticator = authenticate


class BearerTokenAuth(HttpBearer):
    """``Authorization: Bearer <token>`` with a staff member's API token; checks the route's permission."""

    openapi_scheme = "bearer"

    def __init__(self, permission: str = policy.AUTHENTICATED) -> None:
        super().__init__()
        self.permission = permission

    def __call__(self, request: HttpRequest) -> Any:
        token = bearer_token(request)
        return None if token is None else self.authenticate(request, token)

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        staff = _token_authenticator(token)
        if staff is None:
            return None
        request.user = staff
        if not has_perm(staff, self.permission):
            raise PermissionDenied
        return staff


class StaffSessionAuth(SessionAuth):
    """The console's session cookie (CSRF checked on unsafe methods); checks the route's permission."""

    def __init__(self, permission: str = policy.AUTHENTICATED) -> None:
        super().__init__()
        self.permission = permission

    def __call__(self, request: HttpRequest) -> Any:
        if is_bearer_api_call(request):
            return None  # judged by its token alone: no session was loaded for it (core.middleware)
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is None or not user.is_active:
            return None
        if not has_perm(user, self.permission):
            raise PermissionDenied
        return user


def api_permission(code: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare the permission an API operation needs; ``ApiRouter`` enforces it in authentication.

    The function itself is returned unwrapped, so django-ninja reads its signature as written.
    """

    def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
        func.zhanggui_permission = code  # type: ignore[attr-defined]
        return func

    return decorator


def route_auth(code: str | None) -> Any:
    """The authentication callbacks of a route needing ``code`` (None for public routes)."""
    if code is None or code == policy.PUBLIC:
        return None
    return [BearerTokenAuth(code), StaffSessionAuth(code)]


class ApiRouter(Router):
    """A Router whose operations document the shared error responses and enforce their permission.

    An operation without ``@api_permission`` is refused at start-up: deny by default.
    """

    def add_api_operation(self, path: str, methods: list[str], view_func: Callable[..., Any], **kwargs: Any) -> None:
        code = getattr(view_func, "zhanggui_permission", None)
        if code is None:
            raise ImproperlyConfigured(f"API operation {view_func.__qualname__} declares no @api_permission")
        kwargs["auth"] = route_auth(code)
        response = kwargs.get("response")
        if response is None or response is NOT_SET:
            responses: dict[int, Any] = {}
        elif isinstance(response, dict):
            responses = dict(response)
        else:
            responses = {200: response}
        for status in ERROR_STATUSES:
            responses.setdefault(status, ErrorOut)
        kwargs["response"] = responses
        extra = kwargs.get("openapi_extra") or {}
        declared = {parameter.get("name") for parameter in extra.get("parameters", [])}
        if (
            code != policy.PUBLIC
            and idempotency.HONOURED_METHODS.intersection(methods)
            and idempotency.OPENAPI_PARAMETER["name"] not in declared  # an operation requiring it says so itself
        ):
            # Documented where the middleware honours it: a signed-in caller's POST.
            parameters = [*extra.get("parameters", []), idempotency.OPENAPI_PARAMETER]
            kwargs["openapi_extra"] = {**extra, "parameters": parameters}
        super().add_api_operation(path, methods, view_func, **kwargs)


class GuardedSchema(Schema):
    """An answer whose fields named in ``only_for`` (field → permission) are left out for callers without it.

    The caller is the request ninja validates the answer with. The published schema marks those
    fields optional and says who gets them.
    """

    only_for: ClassVar[dict[str, str]] = {}
    _hidden: set[str] = PrivateAttr(default_factory=set)

    @model_validator(mode="after")
    def _hide_from_caller(self, info: ValidationInfo) -> Self:
        request = (info.context or {}).get("request")
        caller = getattr(request, "auth", None) or getattr(request, "user", None)
        self._hidden = {name for name, code in self.only_for.items() if not has_perm(caller, code)}
        return self

    # No return annotation: pydantic then publishes the fields' own schema for answers, not "any".
    @model_serializer(mode="wrap")
    def _without_hidden(self, handler: Any):  # type: ignore[no-untyped-def]
        data = handler(self)
        for name in self._hidden:
            data.pop(name, None)
        return data

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> dict[str, Any]:
        json_schema = handler(schema)
        definition = handler.resolve_ref_schema(json_schema)
        definition["required"] = [name for name in definition.get("required", []) if name not in cls.only_for]
        for name, code in cls.only_for.items():
            field = definition["properties"][name]
            note = f"Only for callers with the `{code}` permission; left out for everyone else."
            field["description"] = f"{field['description']} {note}" if field.get("description") else note
        return json_schema


# Far past any real list, small enough that the row offset stays a 64-bit number.
MAX_PAGE = 1_000_000


COUNT_DESCRIPTION = f"How many items the list holds, counted up to {COUNT_CAP:,} (see `count_capped`)."
COUNT_CAPPED_DESCRIPTION = (
    f"True when the list holds more than {COUNT_CAP:,} items: `count` is then {COUNT_CAP:,}, not the exact "
    "number (an exact count would read every row). Narrow the filters for an exact count."
)


class PageNumber(PaginationBase):
    """``?page=1&page_size=50`` (max 200) → ``{"count", "count_capped", "page", "page_size", "items"}``."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int = Field(50, ge=1, le=200)

    class Output(Schema):
        count: int = Field(description=COUNT_DESCRIPTION)
        count_capped: bool = Field(description=COUNT_CAPPED_DESCRIPTION)
        page: int
        page_size: int
        items: list[Any]

    items_attribute = "items"

    def paginate_queryset(self, queryset: Any, pagination: Input, **params: Any) -> dict[str, Any]:
        return page_of(queryset, pagination)


def _page(count: int, capped: bool, pagination: PageNumber.Input, items: list[Any]) -> dict[str, Any]:
    return {
        "count": count,
        "count_capped": capped,
        "page": pagination.page,
        "page_size": pagination.page_size,
        "items": items,
    }


def page_of(queryset: Any, pagination: PageNumber.Input, items: Callable[[Any], list[Any]] = list) -> dict[str, Any]:
    """One page of ``queryset`` in the list convention; ``items`` turns the page's slice into its items, one each."""
    offset = (pagination.page - 1) * pagination.page_size
    listed = items(queryset[offset : offset + pagination.page_size])
    if 0 < len(listed) < pagination.page_size or (offset == 0 and not listed):
        count, capped = offset + len(listed), False  # the last page tells the count: no COUNT query
    else:
        count, capped = capped_count(queryset)
    return _page(count, capped, pagination, listed)


def page_response(
    request: HttpRequest, queryset: Any, pagination: PageNumber.Input, items: Callable[[Any], list[dict[str, Any]]]
) -> HttpResponse:
    """A page answered as already-rendered items, skipping per-item schema validation.

    For the busiest lists only (the order list): ``items`` must give exactly what the operation's
    declared schema would, which a test of that list asserts. The items hold only plain JSON
    values, so pydantic-core writes them (in UTF-8, several times faster than ``json.dumps``).
    """
    listed = items(counted_page(queryset, pagination))
    return page_answer(listed, pagination, lambda: capped_count(queryset))


def counted_page(queryset: QuerySet[Any], pagination: PageNumber.Input) -> QuerySet[Any]:
    """The page's slice of ``queryset``; the count rides along as one more column, ``page_total``
    (one round trip and one query compilation less)."""
    offset = (pagination.page - 1) * pagination.page_size
    return queryset.annotate(page_total=RowCount(queryset))[offset : offset + pagination.page_size]


def page_answer(
    listed: list[dict[str, Any]], pagination: PageNumber.Input, recount: Callable[[], tuple[int, bool]]
) -> HttpResponse:
    """The answer of a ``counted_page`` whose rows ``listed`` still hold their ``page_total``;
    ``recount`` counts when the page is empty past the first."""
    offset = (pagination.page - 1) * pagination.page_size
    counted = [item.pop("page_total") for item in listed][-1:]
    if 0 < len(listed) < pagination.page_size or (offset == 0 and not listed):
        count, capped = offset + len(listed), False  # the last page tells the count
    elif counted:
        count, capped = min(counted[0], COUNT_CAP), counted[0] > COUNT_CAP
    else:
        count, capped = recount()
    body = _page(count, capped, pagination, listed)
    return HttpResponse(pydantic_core.to_json(body), status=200, content_type=api.get_content_type())


class RowCount(Subquery):
    """How many rows ``queryset`` has, up to one past ``COUNT_CAP``, as a column of another query."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) counted)"
    output_field = BigIntegerField()

    def __init__(self, queryset: QuerySet[Any]) -> None:
        super().__init__(queryset.order_by().values("pk")[: COUNT_CAP + 1])


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


class BodyNotAnObject(ValueError):
    """A JSON body that is an array, a string, a number or null: every operation's body is an object."""


class ApiParser(Parser):
    """JSON object bodies and query strings without NUL characters, which PostgreSQL cannot store or compare.

    A query or form value holding one is a field error (422); a JSON body holding one is refused
    as unreadable (400). A body that is JSON but not an object is refused (422) before a schema
    reads it: ninja's schemas read any value by its attributes, so ``[null, null]`` passed as an
    empty object, a change of nothing.
    """

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = super().parse_body(request)
        if not isinstance(data, dict):
            raise BodyNotAnObject(_("Send a JSON object."))
        if _has_nul(data):
            raise ValueError("NUL character in the request body")
        return data

    def parse_querydict(self, data: MultiValueDict, list_fields: list[str], request: HttpRequest) -> dict[str, Any]:
        values = super().parse_querydict(data, list_fields, request)
        message = str(ProhibitNullCharactersValidator.message)
        errors = [{"loc": (name,), "msg": message} for name, value in values.items() if _has_nul(value)]
        if errors:
            raise NinjaValidationError(errors)
        return values


def _inlined(schema: dict[str, Any]) -> dict[str, Any]:
    """The JSON schema with its ``$defs`` references written out, for an operation's request body."""
    definitions = schema.pop("$defs", {})

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                return inline(definitions[node["$ref"].rsplit("/", 1)[-1]])
            return {key: inline(value) for key, value in node.items()}
        if isinstance(node, list):
            return [inline(value) for value in node]
        return node

    return inline(schema)


def raw_json_body(model: type[pydantic.BaseModel]) -> dict[str, Any]:
    """The OpenAPI request body of a route that reads its JSON itself (``raw_json_parsed``), such as a
    signed webhook that must verify the bytes before anything parses them."""
    return {"required": True, "content": {"application/json": {"schema": _inlined(model.model_json_schema())}}}


def raw_json_parsed(request: HttpRequest, model: type[ModelT]) -> ModelT:
    """The request's JSON body read into ``model``; field errors are a 422 like any route's."""
    try:
        return model.model_validate(ApiParser().parse_body(request))
    except pydantic.ValidationError as exc:
        raise NinjaValidationError(
            [dict(error) for error in exc.errors(include_url=False, include_context=False)]
        ) from exc
    except ValueError as exc:  # not JSON, or holding NUL characters
        raise NinjaValidationError([{"loc": ("body",), "msg": str(exc)}]) from exc


def error_body(code: str, message: str, errors: list[dict[str, str]] | None = None) -> dict[str, Any]:
    return {"code": code, "message": str(message), "errors": errors or []}


def _field_name(loc: list[Any] | tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "cookie", "form", "file", "payload")]
    # ninja nests the body under the parameter name; the payload field is what users know.
    return ".".join(parts[1:] if len(parts) > 1 and parts[0] in {"data", "payload", "body", "filters"} else parts)


api = NinjaAPI(
    title="Zhanggui API",
    version="1.0.0",
    description=(
        "The operations workbench API. Authenticate with `Authorization: Bearer <token>` "
        "(POST /api/v1/auth/tokens) or the console session (with the CSRF token). "
        "Mutating POSTs accept an `Idempotency-Key` header. Errors are "
        '`{"code", "message", "errors": [{"field", "message"}]}`. '
        "Lists take `page` and `page_size` and answer `{count, count_capped, page, page_size, items}`; "
        f"`count` stops at {COUNT_CAP:,} (`count_capped: true` when there are more)."
    ),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    parser=ApiParser(),
)


@api.exception_handler(ServiceError)
def _service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
    errors = [{"field": e.field, "message": e.message} for e in exc.errors]
    return api.create_response(request, error_body(exc.code, exc.message, errors), status=exc.status)


@api.exception_handler(NinjaValidationError)
def _validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = [{"field": _field_name(e.get("loc", [])), "message": str(e.get("msg", ""))} for e in exc.errors]
    return api.create_response(request, error_body("invalid", _("Some fields are not valid."), errors), status=422)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(
        request, error_body("unauthenticated", _("Sign in or send a valid API token.")), status=401
    )


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(
        request, error_body("forbidden", _("You do not have permission to do this.")), status=403
    )


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, error_body("not_found", _("Not found.")), status=404)


@csrf_exempt
def api_path_unknown(request: HttpRequest) -> HttpResponse:
    """Any method on a path under /api/ that no operation has: the API's 404, also with DEBUG on."""
    return _not_found(request, Http404())


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc.__cause__, BodyNotAnObject):  # ninja wraps every body parser error in a 400
        errors = [{"field": "", "message": str(exc.__cause__)}]
        return api.create_response(request, error_body("invalid", _("Some fields are not valid."), errors), status=422)
    return api.create_response(request, error_body("error", str(exc)), status=exc.status_code)
