"""`homeward api client create|revoke|list`: the open API's clients from the command line."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from homeward.api.models import ApiClient
from homeward.api.services import ClientError, create_client, revoke_client
from homeward.regions.models import Region
from homeward.scoping import unscoped


class Command(BaseCommand):
    help = (
        "Open API clients: `api client create --name N --area CODE --scopes a,b` (prints the "
        "token once), `api client revoke ID`, `api client list`."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        client = sub.add_parser("client", help="API clients")
        actions = client.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="a new client; its token is printed once")
        create.add_argument("--name", required=True)
        create.add_argument("--area", required=True, help="region code the client may read")
        create.add_argument("--scopes", required=True, help="e.g. workers:read,postings:read")
        create.add_argument("--rate-limit", type=int, default=120, help="requests a minute")
        revoke = actions.add_parser("revoke", help="revoke a client's token at once")
        revoke.add_argument("id", type=int)
        actions.add_parser("list", help="the clients, without tokens")

    def handle(self, *args, what, action, **options):
        with unscoped():
            if action == "create":
                self._create(**options)
            elif action == "revoke":
                self._revoke(options["id"])
            else:
                self._list()

    def _create(self, *, name, area, scopes, rate_limit, **_options):
        if not Region.tree.filter(code=area).exists():
            raise CommandError(f"no region with code {area}")
        try:
            client, token = create_client(
                title=name, region_id=area, scopes=scopes.split(","), rate_limit=rate_limit
            )
        except ClientError as error:
            raise CommandError(str(error)) from None
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(f"client {client.pk} {client.title} area {area} scopes {client.scopes}")
        self.stdout.write(f"token (shown once, keep it safe): {token}")

    def _revoke(self, pk: int):
        client = ApiClient._base_manager.filter(pk=pk).first()
        if client is None:
            raise CommandError(f"no API client {pk}")
        done = revoke_client(client)
        self.stdout.write(f"client {pk} {'revoked' if done else 'was revoked already'}")

    def _list(self):
        for c in ApiClient._base_manager.order_by("id"):
            state = "revoked" if c.revoked_at else "active"
            used = c.last_used_at.isoformat() if c.last_used_at else "never"
            self.stdout.write(
                f"{c.pk}\t{c.title}\t{c.region_id}\t{c.scopes}\t{c.token_start}…\t{state}\t{used}"
            )
