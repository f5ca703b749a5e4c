"""The plumbing every DynamoDB adapter of the one table shares: the client and table name, one typed call of
the client (throttling becomes Unavailable), conditional writes, transactions and paginated Queries."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from botocore.exceptions import ClientError

from eventreg.adapters.dynamodb import items, keys
from eventreg.domain.errors import Unavailable
from eventreg.domain.models import iso
from eventreg.retry import Backoff

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_dynamodb.type_defs import QueryInputTypeDef, TransactWriteItemTypeDef

P = ParamSpec("P")
R = TypeVar("R")

CONFLICT_RETRIES = 8
CONFLICT_BACKOFF = Backoff(base=0.005)  # a lost transaction conflict: wait up to 5 ms, 10 ms, 20 ms, ...
THROTTLED = {"ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded"}


class Table:
    """One table through one client. The adapters by aggregate (events, registrations, the send log, the
    reports' and the privacy officers' items) are Tables; eventreg.adapters.dynamodb.repository.Repository
    is all of the first three on one client."""

    def __init__(self, client: DynamoDBClient, table: str) -> None:
        self.client = client
        self.table = table

    def transact(self, transact: Sequence[TransactWriteItemTypeDef]) -> bool:
        """One TransactWriteItems: True if written, False if a condition cancelled it."""
        try:
            self._call(self.client.transact_write_items, TransactItems=transact)
            return True
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "TransactionCanceledException":
                return False
            raise

    def _transact(self, transact: Sequence[TransactWriteItemTypeDef],
                  conflict: Callable[[list[str]], bool]) -> Sequence[Mapping[str, Any]] | None:
        """ONE TransactWriteItems, retried with jitter while `conflict` says its cancellation reasons' codes are
        a lost conflict: None when written, else the reasons (in the order of the items)."""
        for attempt in range(CONFLICT_RETRIES):
            try:
                self._call(self.client.transact_write_items, TransactItems=transact)
                return None
            except ClientError as exc:
                if exc.response["Error"]["Code"] != "TransactionCanceledException":
                    raise
                reasons = exc.response.get("CancellationReasons") or []
                if not conflict([r.get("Code", "None") for r in reasons]):
                    return reasons
                CONFLICT_BACKOFF.pause(attempt)
        raise Unavailable("The event is very busy right now; please try again in a moment.")

    def query_pages(self, kwargs: QueryInputTypeDef) -> Iterator[list[dict[str, Any]]]:
        """The pages of a Query (`kwargs` as for the client's query), each a list of items in
        attribute-value form. Every paginated read of the table goes through here."""
        while True:
            page = self._call(self.client.query, **kwargs)
            yield page.get("Items", [])
            if "LastEvaluatedKey" not in page:
                return
            kwargs = {**kwargs, "ExclusiveStartKey": page["LastEvaluatedKey"]}

    def events_in_index(self, index: str, condition: str, marker: str, until: datetime) -> list[str]:
        """Event ids from a sparse index of event items (a marker attribute and an instant), in the instant's order,
        as `condition` compares it with `until`."""
        kwargs: QueryInputTypeDef = {
            "TableName": self.table,
            "IndexName": index,
            "KeyConditionExpression": condition,
            "ExpressionAttributeValues": items.to_av({":marker": marker, ":until": iso(until)}),
        }
        return [keys.event_id_of(item["PK"]["S"]) for page in self.query_pages(kwargs) for item in page]

    def _query(self, pk: str, sk_prefix: str) -> Iterator[dict[str, Any]]:
        kwargs: QueryInputTypeDef = {
            "TableName": self.table,
            "KeyConditionExpression": "PK = :pk AND begins_with(SK, :prefix)",
            "ExpressionAttributeValues": items.to_av({":pk": pk, ":prefix": sk_prefix}),
        }
        for page in self.query_pages(kwargs):
            yield from page

    def _conditional(self, operation: Callable[P, object], *args: P.args, **kwargs: P.kwargs) -> bool:
        """A conditional write: True if written, False if its condition did not hold."""
        try:
            self._call(operation, *args, **kwargs)
            return True
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
                return False
            raise

    @staticmethod
    def _call(operation: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        """One call of the client, typed as boto3-stubs type it (the operation's own parameters and answer):
        throttling becomes Unavailable (503)."""
        try:
            return operation(*args, **kwargs)
        except ClientError as exc:
            if exc.response["Error"]["Code"] in THROTTLED:
                raise Unavailable("The service is busy; nothing was saved. Please try again.") from exc
            raise
