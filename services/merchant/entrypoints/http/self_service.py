"""A merchant's back office: its profile, stores, API key and redemption dashboard."""

from __future__ import annotations

from flask.views import MethodView

from services.merchant.domain import errors as e
from services.merchant.entrypoints.errors import blueprint
from services.merchant.entrypoints.http.common import actor, context
from services.merchant.entrypoints.http.schemas_in import ProfilePatch, StoreIn, StorePatch
from services.merchant.entrypoints.http.schemas_out import (
    ApiKeyInfo,
    ApiKeyOut,
    Dashboard,
    OwnProfile,
    StoreList,
    StoreOut,
)
from services.merchant.service_layer import keys, self_service, totals
from shared.web.auth import own_merchant_id

blp = blueprint(
    "merchant_self_service",
    __name__,
    "/api/v1/merchant",
    "A merchant's own profile, stores and key",
)


@blp.route("/profile")
class Profile(MethodView):
    @blp.view("merchant", answer=OwnProfile, raises=[e.MerchantNotFound])
    def get(self):
        """Show your own profile, with categories still waiting for review."""
        return self_service.profile(context(), own_merchant_id())

    @blp.view("merchant", body=ProfilePatch, answer=OwnProfile, raises=[e.MerchantNotFound])
    def patch(self, changes):
        """Change your contact, offered discount or description; ask for other categories.

        Categories change only once ops approve (`pending_categories` shows the request).
        """
        return self_service.update_profile(context(), own_merchant_id(), changes, actor())


@blp.route("/stores")
class Stores(MethodView):
    @blp.view("merchant", answer=StoreList, raises=[e.MerchantNotFound])
    def get(self):
        """List your stores."""
        return {"items": self_service.stores(context(), own_merchant_id())}

    @blp.view("merchant", body=StoreIn, answer=StoreOut, status=201, raises=[e.MerchantNotFound])
    def post(self, data):
        """Add a store."""
        return self_service.add_store(context(), own_merchant_id(), data, actor())


@blp.route("/stores/<id:store_id>")
class Store(MethodView):
    @blp.view(
        "merchant", body=StorePatch, answer=StoreOut, raises=[e.MerchantNotFound, e.StoreNotFound]
    )
    def patch(self, data, store_id):
        """Change one of your stores."""
        return self_service.update_store(context(), own_merchant_id(), store_id, data, actor())

    @blp.view("merchant", status=204, raises=[e.MerchantNotFound, e.StoreNotFound, e.LastStore])
    def delete(self, store_id):
        """Remove one of your stores (you keep at least one)."""
        self_service.delete_store(context(), own_merchant_id(), store_id, actor())


@blp.route("/api-keys")
class ApiKeys(MethodView):
    @blp.view("merchant", answer=ApiKeyInfo, raises=[e.NoActiveKey])
    def get(self):
        """Show the display prefix of your current key (never the key)."""
        return keys.current(context(), own_merchant_id())

    @blp.view("merchant", answer=ApiKeyOut, status=201, raises=[e.MerchantNotFound])
    def post(self):
        """Rotate your key: the new one is shown once, the old one stops working now."""
        return keys.rotate(context(), own_merchant_id(), actor())


@blp.route("/api-keys/current")
class CurrentKey(MethodView):
    @blp.view("merchant", status=204, raises=[e.MerchantNotFound, e.NoActiveKey])
    def delete(self):
        """Revoke your key; rotate to get a new one."""
        keys.revoke(context(), own_merchant_id(), actor())


@blp.route("/dashboard")
class DashboardView(MethodView):
    @blp.view("merchant", answer=Dashboard)
    def get(self):
        """Show your redemption totals, net of reversals."""
        return totals.dashboard(context(), own_merchant_id())
