from django.db import models


class Store(models.Model):
    """The real app's store table, read here by primary key (an indexed SELECT); never written."""

    code = models.CharField(max_length=40)
    name = models.CharField(max_length=80)
    platform = models.CharField(max_length=20)

    class Meta:
        managed = False
        db_table = "stores_store"

    def __str__(self) -> str:
        return self.name
