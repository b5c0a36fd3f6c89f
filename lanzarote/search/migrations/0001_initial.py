from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(max_length=20)),
                ("ref", models.CharField(help_text="Stable id of the object, e.g. cets201:20.1.a", max_length=80)),
                ("scope", models.CharField(help_text="Treaty code, for filtering", max_length=40)),
                ("lang", models.CharField(max_length=2)),
                ("title", models.CharField(max_length=200)),
                ("text", models.TextField()),
                ("norm", models.TextField()),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("kind", "ref", "lang"), name="search_entry_unique")],
            },
        ),
    ]
