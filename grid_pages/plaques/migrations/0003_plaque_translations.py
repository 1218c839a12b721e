import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('grid_plaques', '0002_political_status_label'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        migrations.CreateModel(
            name='PlaqueTranslation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('commitment', models.TextField(blank=True, max_length=300, verbose_name='commitment')),
                ('locale', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='wagtailcore.locale', verbose_name='language')),
                ('plaque', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='translations', to='grid_plaques.plaque')),
            ],
            options={
                'verbose_name': 'translation',
                'verbose_name_plural': 'translations',
                'constraints': [models.UniqueConstraint(fields=('plaque', 'locale'), name='grid_plaques_one_translation_per_language')],
            },
        ),
    ]
