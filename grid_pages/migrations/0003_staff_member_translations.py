import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('grid_pages', '0002_working_calendar'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        migrations.CreateModel(
            name='StaffMemberTranslation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('position', models.CharField(blank=True, max_length=120, verbose_name='position')),
                ('office', models.CharField(blank=True, max_length=120, verbose_name='office')),
                ('locale', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='wagtailcore.locale', verbose_name='language')),
                ('staff', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='translations', to='grid_pages.staffmember')),
            ],
            options={
                'verbose_name': 'translation',
                'verbose_name_plural': 'translations',
                'constraints': [models.UniqueConstraint(fields=('staff', 'locale'), name='grid_staff_one_translation_per_language')],
            },
        ),
    ]
