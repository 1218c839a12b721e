import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('grid_reception', '0001_initial'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        migrations.CreateModel(
            name='ReceptionSessionTranslation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('leader_position', models.CharField(blank=True, max_length=120, verbose_name="leader's position")),
                ('place', models.CharField(blank=True, max_length=200, verbose_name='place')),
                ('topics', models.TextField(blank=True, verbose_name='topics')),
                ('locale', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='wagtailcore.locale', verbose_name='language')),
                ('session', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='translations', to='grid_reception.receptionsession')),
            ],
            options={
                'verbose_name': 'translation',
                'verbose_name_plural': 'translations',
                'constraints': [models.UniqueConstraint(fields=('session', 'locale'), name='grid_reception_one_translation_per_language')],
            },
        ),
    ]
