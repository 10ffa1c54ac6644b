"""API tokens: issued for a username and password, listed and revoked by their owner."""

import datetime as dt
from typing import Any

from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Schema, Status

from zhanggui.core import policy
from zhanggui.core.api import ApiRouter, api_permission
from zhanggui.core.exceptions import ServiceError

from .. import selectors, services

router = ApiRouter(tags=["auth"])


class TokenIn(Schema):
    username: str
    password: str
    name: str = ""


class TokenCreatedOut(Schema):
    id: int
    name: str
    prefix: str
    token: str
    created_at: dt.datetime


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


class InvalidCredentials(ServiceError):
    status = 401
    code = "invalid_credentials"


@router.post("/tokens", response={201: TokenCreatedOut}, auth=None, summary="Issue an API token")
@api_permission(policy.PUBLIC)
def token_create(request: HttpRequest, data: TokenIn) -> Any:
    """Exchange a username and password for a token. The token is shown once; store it safely."""
    staff = authenticate(request, username=data.username, password=data.password)
    if staff is None or not staff.is_active:
        raise InvalidCredentials(_("The username or password is not correct, or the account is locked."))
    token, raw = services.api_token_create(by=staff, name=data.name)
    return Status(
        201,
        {
            "id": token.pk,
            "name": token.name,
            "prefix": token.prefix,
            "token": raw,
            "created_at": token.created_at,
        },
    )


@router.get("/tokens", response=list[TokenOut], summary="List my API tokens")
@api_permission(policy.AUTHENTICATED)
def token_list(request: HttpRequest) -> Any:
    return selectors.api_token_list(user=request.auth)


@router.delete("/tokens/{token_id}", response={204: None}, summary="Revoke an API token")
@api_permission(policy.AUTHENTICATED)
def token_revoke(request: HttpRequest, token_id: int) -> Any:
    services.api_token_revoke(by=request.auth, token_id=token_id)
    return Status(204, None)
