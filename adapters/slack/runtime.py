"""Starting the Slack side of a running bot: the Bolt app, its HTTP server and Socket Mode.

Socket Mode (``SLACK_APP_TOKEN`` set) takes events over a websocket the app opens, so no public
URL is needed. Otherwise Slack posts them to ``/slack/events``, verified with the signing secret.
The HTTP server runs in both modes for ``/healthz`` (the process is alive), ``/readyz`` (it can
do its job: :mod:`bot.services.health`; 503 when not), ``/metrics`` (Prometheus) and, with a client
id and secret, the OAuth install pages; ``/slack/events`` is only served in HTTP mode, where
requests are signed.

Every request a listener is for is stored in the inbox before Slack hears it is received, and
handled from there by the inbox worker (:mod:`adapters.slack.intake`). Stopping takes nothing new
first (the websocket closes, the server stops listening), then lets the worker handle what is
stored for up to ``SHUTDOWN_GRACE_SECONDS``; the rest waits in the inbox for the next start.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.error import BoltUnhandledRequestError
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient

from adapters import serving
from adapters.metrics import PrometheusMeter
from adapters.probes import Probes, probe_routes
from adapters.slack import gate, install, intake, listeners, mishaps, preflight
from adapters.slack.intake import Intake
from adapters.slack.messenger import SlackMessenger
from adapters.slack.preflight import ConfigurationError
from adapters.slack.tokens import Installed, SingleWorkspace
from bot.config import Settings
from bot.services import inbox
from bot.services.context import Context
from bot.services.health import Heartbeat

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"


def check(settings: Settings) -> None:
    """Settings that cannot work together, found without asking Slack."""
    if not install.is_multi_workspace(settings) and settings.slack_bot_token is None:
        raise ConfigurationError(
            "Set SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET "
            "(installs through OAuth). The README's Slack section shows where to find them."
        )
    if settings.slack_app_token is None and settings.slack_signing_secret is None:
        raise ConfigurationError(
            "HTTP mode needs SLACK_SIGNING_SECRET (Basic Information → App Credentials); "
            "or set SLACK_APP_TOKEN to use Socket Mode."
        )
    one_workspace = not install.is_multi_workspace(settings)
    bot_token = settings.slack_bot_token if one_workspace else None
    preflight.check_shapes(bot_token, settings.slack_app_token)


@dataclass
class SlackRuntime:
    app: AsyncApp
    installs: AsyncInstallationStore | None
    worker: inbox.Worker
    port: int
    socket: AsyncSocketModeHandler | None
    probes: Probes


@asynccontextmanager
async def started(
    settings: Settings,
    ctx: Context,
    messenger: SlackMessenger,
    client: AsyncWebClient,
    heartbeat: Heartbeat | None = None,
) -> AsyncIterator[SlackRuntime]:
    """Build the app on ``ctx``, serve HTTP on HOST:PORT, connect Socket Mode when configured.

    ``heartbeat`` is the delivery tick's (``/readyz`` reads it); the context's meter is used
    when it is a Prometheus one, else a new one is.
    """
    check(settings)
    meter = ctx.meter if isinstance(ctx.meter, PrometheusMeter) else PrometheusMeter()
    ctx = replace(ctx, meter=meter)
    taker = Intake(ctx)
    app, installs = await build_app(settings, ctx, messenger, client, taker)
    worker = inbox.Worker(
        ctx.db,
        intake.replayer(app),
        concurrency=inbox.concurrency_for(ctx.db.is_sqlite),
        meter=meter,
        platforms=frozenset({"slack"}),
    )
    taker.worker = worker
    secret = settings.slack_signing_secret
    verifier = SignatureVerifier(secret.reveal()) if secret else None
    probes = Probes(ctx, heartbeat or Heartbeat(), meter)
    runner = serving.runner(
        web_app(app, events=settings.slack_app_token is None, verifier=verifier, probes=probes)
    )
    await runner.setup()
    socket: AsyncSocketModeHandler | None = None
    worker.start()
    try:
        site = serving.CappedSite(runner, settings.host, settings.port)
        try:
            await site.start()
        except OSError as error:
            raise ConfigurationError(
                f"PORT={settings.port}: can't listen on {settings.host}:{settings.port} "
                f"({error.strerror or error}); stop the program using it or set PORT to a "
                "free port."
            ) from None
        port = runner.addresses[0][1] if runner.addresses else settings.port
        mode = "Socket Mode" if settings.slack_app_token else f"HTTP mode at {EVENTS_PATH}"
        log.info("Slack app listening on %s:%s (%s)", settings.host, port, mode)
        if settings.slack_app_token is not None:
            socket = AsyncSocketModeHandler(app, settings.slack_app_token.reveal())
            await socket.connect_async()  # type: ignore[no-untyped-call]
        yield SlackRuntime(app, installs, worker, port, socket, probes)
    finally:
        # Take nothing new, then handle what Slack was told is received, within the grace.
        if socket is not None:
            await socket.close_async()  # type: ignore[no-untyped-call]
        await runner.cleanup()
        await worker.stop(settings.shutdown_grace_seconds)


async def build_app(
    settings: Settings,
    ctx: Context,
    messenger: SlackMessenger,
    client: AsyncWebClient,
    taker: Intake,
) -> tuple[AsyncApp, AsyncInstallationStore | None]:
    secret = settings.slack_signing_secret
    socket_mode = settings.slack_app_token is not None
    common = {
        "client": client,
        "signing_secret": secret.reveal() if secret else None,
        # Socket Mode requests come over our own authenticated websocket, unsigned.
        "request_verification_enabled": not socket_mode,
        "logger": logging.getLogger("slack_bolt"),
        # To _log_error, in one line; Bolt's own warning spans lines and quotes the payload.
        "raise_error_for_unhandled_request": True,
        # The ack waits for the listener, which returns once the request is in the inbox.
        "process_before_response": True,
    }
    installs: AsyncInstallationStore | None = None
    if install.is_multi_workspace(settings):
        store = await install.installation_store(settings, ctx.db.engine)
        oauth = await install.oauth_settings(settings, ctx.db.engine, store)
        app = AsyncApp(installation_store=store, oauth_settings=oauth, **common)  # type: ignore[arg-type]
        installs, messenger.tokens = store, Installed(store)
    else:
        assert settings.slack_bot_token is not None
        token = settings.slack_bot_token.reveal()
        app = AsyncApp(**common)  # type: ignore[arg-type]  # the client carries the token
        messenger.tokens = SingleWorkspace(token)
    app.middleware(intake.ack_timer(ctx))
    listeners.register(app, ctx, taker, installs)
    app.error(_log_error)
    return app, installs


def web_app(
    app: AsyncApp,
    events: bool,
    verifier: SignatureVerifier | None = None,
    probes: Probes | None = None,
) -> web.Application:
    """Bolt's own aiohttp translation for events and OAuth, beside the health checks.

    Events pass :mod:`adapters.slack.gate` first, which refuses what is unsigned or malformed.
    """

    async def dispatch(request: web.Request) -> web.Response:
        admitted = gate.check(verifier, request.headers, request.charset, await request.read())
        if isinstance(admitted, gate.Refused):
            log.warning(
                "refused a request to %s: %s (%d)", EVENTS_PATH, admitted.reason, admitted.status
            )
            return web.Response(status=admitted.status, text=admitted.reason)
        try:
            bolt_request = AsyncBoltRequest(
                body=admitted,
                query=request.query_string,
                headers=request.headers,  # type: ignore[arg-type]
            )
            answer = await app.async_dispatch(bolt_request)
        except Exception as error:  # Bolt tripped on a shape the gate let through
            log.warning(
                "refused a request to %s: Bolt could not read it (%s) (400)",
                EVENTS_PATH,
                type(error).__name__,
            )
            return web.Response(status=400, text="unreadable request")
        return await to_aiohttp_response(answer)

    routes = probe_routes(probes)
    if events:
        routes.append(web.post(EVENTS_PATH, dispatch))
    flow = app.oauth_flow
    if flow is not None:

        async def install_page(request: web.Request) -> web.Response:
            return await to_aiohttp_response(
                await flow.handle_installation(await to_bolt_request(request))
            )

        async def callback(request: web.Request) -> web.Response:
            return await to_aiohttp_response(
                await flow.handle_callback(await to_bolt_request(request))
            )

        routes += [
            web.get(flow.install_path, install_page),
            web.get(flow.redirect_uri_path, callback),
        ]
    server = web.Application(middlewares=[serving.body_in_time])
    server.add_routes(routes)
    return server


async def _log_error(error: Exception, body: dict[str, object], context: AsyncBoltContext) -> None:
    """A listener failed: one line of what kind and where, never the payload (it can hold
    tokens) or the error's message (it can quote what a member typed).

    On a live request that means it could not be stored (Slack gets a 500 and retries); on the
    inbox's replay, the error goes back to the worker, which tries the entry again.
    """
    if context.get(intake.REPLAY) is not None:
        context[intake.FAILURE] = error
    kind = str(body.get("type") if isinstance(body, dict) else None)[:40]
    if isinstance(error, BoltUnhandledRequestError):
        log.info("ignored a Slack %r request no listener is for", kind)
        return
    log.error("Slack %r handler failed: %s", kind, mishaps.where(error))
