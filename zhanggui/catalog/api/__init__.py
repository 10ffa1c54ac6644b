"""API of the catalog context, mounted under ``/api/v1/catalog`` (one router per area)."""

from . import categories, images, imports, knowledge, products, stock

# (prefix under /api/v1, router), mounted by the project's API root (zhanggui/api.py).
ROUTES = [
    ("/catalog", categories.router),
    ("/catalog", products.router),
    ("/catalog", images.router),
    ("/catalog", stock.router),
    ("/catalog", knowledge.router),
    ("/catalog/imports", imports.router),
]
