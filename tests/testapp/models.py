from django.db import models


class RoomNote(models.Model):
    """Something that must keep its room: deleting the room is refused while it exists."""

    room = models.ForeignKey("grid_pages.Room", on_delete=models.PROTECT, related_name="+")
    text = models.CharField(max_length=200, blank=True)

    def __str__(self):
        return f"note on {self.room}"
