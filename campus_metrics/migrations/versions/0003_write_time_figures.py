"""figures resolved at write time: `counted` winners, `amount_period`, summary tables

- `counted` on every fact table with a fact_key: False for a report that lost to a better
  report of the same figure within its status group (summaries.refresh).
- `funding_lines.amount_period`: one_off (default) or per_year, never added together.
- summary_cohorts / summary_funding / summary_outcomes: sums and counts at three geographic
  levels (département, région, France), summary_sources (which source stands behind which
  rows) and summary_cost (cost per learner and per positive exit per scope and year).
  `init` fills them after this upgrade; every import and `generate` rebuilds them.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 03:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table('summary_cohorts',
    sa.Column('geo_level', sa.String(length=12), nullable=False),
    sa.Column('breakdown', sa.String(length=12), nullable=False),
    sa.Column('region_code', sa.String(length=3), nullable=True),
    sa.Column('departement_code', sa.String(length=3), nullable=True),
    sa.Column('programme_id', sa.String(length=40), nullable=True),
    sa.Column('year_start', sa.Integer(), nullable=True),
    sa.Column('year_last', sa.Integer(), nullable=True),
    sa.Column('fact_status', sa.String(length=10), nullable=True),
    sa.Column('n', sa.Integer(), server_default='0', nullable=False),
    sa.Column('n_learners', sa.Integer(), server_default='0', nullable=False),
    sa.Column('learners', sa.Float(), nullable=True),
    sa.Column('n_headcount_unknown', sa.Integer(), server_default='0', nullable=False),
    sa.Column('n_candidates', sa.Integer(), server_default='0', nullable=False),
    sa.Column('candidates', sa.Float(), nullable=True),
    sa.Column('sel_learners', sa.Float(), nullable=True),
    sa.Column('sel_candidates', sa.Float(), nullable=True),
    sa.Column('women_weighted', sa.Float(), nullable=True),
    sa.Column('women_base', sa.Float(), nullable=True),
    sa.Column('women_sum', sa.Float(), nullable=True),
    sa.Column('n_women', sa.Integer(), server_default='0', nullable=False),
    sa.Column('duration_sum', sa.Float(), nullable=True),
    sa.Column('n_duration', sa.Integer(), server_default='0', nullable=False),
    sa.Column('hours_centre_sum', sa.Float(), nullable=True),
    sa.Column('n_hours_centre', sa.Integer(), server_default='0', nullable=False),
    sa.Column('hours_company_sum', sa.Float(), nullable=True),
    sa.Column('n_hours_company', sa.Integer(), server_default='0', nullable=False)
    )
    op.create_index('ix_sum_cohorts_dep', 'summary_cohorts', ['geo_level', 'breakdown', 'departement_code', 'year_start'], unique=False)
    op.create_index('ix_sum_cohorts_france', 'summary_cohorts', ['geo_level', 'breakdown', 'year_start', 'year_last'], unique=False)
    op.create_index('ix_sum_cohorts_programme', 'summary_cohorts', ['geo_level', 'breakdown', 'programme_id', 'year_start'], unique=False)
    op.create_index('ix_sum_cohorts_region', 'summary_cohorts', ['geo_level', 'breakdown', 'region_code', 'year_start'], unique=False)
    op.create_table('summary_cost',
    sa.Column('scope_kind', sa.String(length=10), nullable=False),
    sa.Column('scope_id', sa.String(length=40), nullable=False),
    sa.Column('scope_name', sa.String(length=200), nullable=True),
    sa.Column('region_code', sa.String(length=3), nullable=True),
    sa.Column('departement_code', sa.String(length=3), nullable=True),
    sa.Column('programme_id', sa.String(length=40), nullable=True),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('status_group', sa.String(length=10), nullable=False),
    sa.Column('fact_status', sa.String(length=10), nullable=True),
    sa.Column('money_min', sa.Float(), nullable=True),
    sa.Column('money_max', sa.Float(), nullable=True),
    sa.Column('money_basis', sa.String(length=12), nullable=True),
    sa.Column('learners', sa.Float(), nullable=True),
    sa.Column('n_known', sa.Integer(), nullable=True),
    sa.Column('n_cohorts', sa.Integer(), nullable=True),
    sa.Column('expected_sessions', sa.Integer(), nullable=True),
    sa.Column('cost_min', sa.Float(), nullable=True),
    sa.Column('cost_max', sa.Float(), nullable=True),
    sa.Column('reason', sa.String(length=30), nullable=True),
    sa.Column('exit_rate', sa.Float(), nullable=True),
    sa.Column('exit_period', sa.Text(), nullable=True),
    sa.Column('exit_reason', sa.String(length=30), nullable=True),
    sa.Column('cost_exit_min', sa.Float(), nullable=True),
    sa.Column('cost_exit_max', sa.Float(), nullable=True),
    sa.Column('source_ids', sa.Text(), nullable=True)
    )
    op.create_index('ix_sum_cost_dep', 'summary_cost', ['departement_code', 'year'], unique=False)
    op.create_index('ix_sum_cost_programme', 'summary_cost', ['programme_id', 'year'], unique=False)
    op.create_index('ix_sum_cost_region', 'summary_cost', ['region_code', 'year'], unique=False)
    op.create_index('ix_sum_cost_year', 'summary_cost', ['year'], unique=False)
    op.create_table('summary_funding',
    sa.Column('geo_level', sa.String(length=12), nullable=False),
    sa.Column('breakdown', sa.String(length=12), nullable=False),
    sa.Column('region_code', sa.String(length=3), nullable=True),
    sa.Column('departement_code', sa.String(length=3), nullable=True),
    sa.Column('programme_id', sa.String(length=40), nullable=True),
    sa.Column('year_start', sa.Integer(), nullable=True),
    sa.Column('year_last', sa.Integer(), nullable=True),
    sa.Column('fact_status', sa.String(length=10), nullable=True),
    sa.Column('funder_type', sa.String(length=20), nullable=True),
    sa.Column('nature', sa.String(length=20), nullable=True),
    sa.Column('one_off_min', sa.Float(), nullable=True),
    sa.Column('one_off_max', sa.Float(), nullable=True),
    sa.Column('one_off_lines', sa.Integer(), server_default='0', nullable=False),
    sa.Column('per_year_min', sa.Float(), nullable=True),
    sa.Column('per_year_max', sa.Float(), nullable=True),
    sa.Column('per_year_lines', sa.Integer(), server_default='0', nullable=False),
    sa.Column('shortfall', sa.Float(), nullable=True),
    sa.Column('n_shortfall', sa.Integer(), server_default='0', nullable=False),
    sa.Column('n_unknown_amount', sa.Integer(), server_default='0', nullable=False),
    sa.Column('n_lines', sa.Integer(), server_default='0', nullable=False)
    )
    op.create_index('ix_sum_funding_dep', 'summary_funding', ['geo_level', 'breakdown', 'departement_code', 'year_start'], unique=False)
    op.create_index('ix_sum_funding_france', 'summary_funding', ['geo_level', 'breakdown', 'year_start', 'year_last'], unique=False)
    op.create_index('ix_sum_funding_programme', 'summary_funding', ['geo_level', 'breakdown', 'programme_id', 'year_start'], unique=False)
    op.create_index('ix_sum_funding_region', 'summary_funding', ['geo_level', 'breakdown', 'region_code', 'year_start'], unique=False)
    op.create_table('summary_outcomes',
    sa.Column('geo_level', sa.String(length=12), nullable=False),
    sa.Column('breakdown', sa.String(length=12), nullable=False),
    sa.Column('region_code', sa.String(length=3), nullable=True),
    sa.Column('departement_code', sa.String(length=3), nullable=True),
    sa.Column('programme_id', sa.String(length=40), nullable=True),
    sa.Column('year_start', sa.Integer(), nullable=True),
    sa.Column('year_last', sa.Integer(), nullable=True),
    sa.Column('fact_status', sa.String(length=10), nullable=True),
    sa.Column('indicator', sa.String(length=30), nullable=True),
    sa.Column('cohort_period', sa.String(length=40), nullable=True),
    sa.Column('n', sa.Integer(), server_default='0', nullable=False),
    sa.Column('n_base', sa.Integer(), server_default='0', nullable=False),
    sa.Column('base_sum', sa.Float(), nullable=True),
    sa.Column('value_x_base', sa.Float(), nullable=True),
    sa.Column('value_min', sa.Float(), nullable=True),
    sa.Column('value_max', sa.Float(), nullable=True)
    )
    op.create_index('ix_sum_outcomes_dep', 'summary_outcomes', ['geo_level', 'breakdown', 'departement_code', 'year_start'], unique=False)
    op.create_index('ix_sum_outcomes_france', 'summary_outcomes', ['geo_level', 'breakdown', 'year_start', 'year_last'], unique=False)
    op.create_index('ix_sum_outcomes_programme', 'summary_outcomes', ['geo_level', 'breakdown', 'programme_id', 'year_start'], unique=False)
    op.create_index('ix_sum_outcomes_region', 'summary_outcomes', ['geo_level', 'breakdown', 'region_code', 'year_start'], unique=False)
    op.create_table('summary_sources',
    sa.Column('geo_level', sa.String(length=12), nullable=False),
    sa.Column('topic', sa.String(length=12), nullable=False),
    sa.Column('source_id', sa.String(length=40), nullable=False),
    sa.Column('indicator', sa.String(length=30), nullable=True),
    sa.Column('region_code', sa.String(length=3), nullable=True),
    sa.Column('departement_code', sa.String(length=3), nullable=True),
    sa.Column('programme_id', sa.String(length=40), nullable=True),
    sa.Column('year_start', sa.Integer(), nullable=True),
    sa.Column('year_last', sa.Integer(), nullable=True),
    sa.Column('fact_status', sa.String(length=10), nullable=True),
    sa.Column('n', sa.Integer(), server_default='0', nullable=False)
    )
    op.create_index('ix_sum_sources_dep', 'summary_sources', ['geo_level', 'topic', 'source_id', 'departement_code'], unique=False)
    op.create_index('ix_sum_sources_probe', 'summary_sources', ['geo_level', 'topic', 'source_id', 'region_code', 'year_start'], unique=False)
    op.create_index('ix_sum_sources_topic', 'summary_sources', ['geo_level', 'topic', 'year_start'], unique=False)
    op.add_column('cohorts', sa.Column('counted', sa.Boolean(), server_default=sa.text('true'), nullable=False))
    op.add_column('funding_lines', sa.Column('counted', sa.Boolean(), server_default=sa.text('true'), nullable=False))
    op.add_column('funding_lines', sa.Column('amount_period', sa.String(length=10), server_default='one_off', nullable=False))
    op.add_column('indicators', sa.Column('counted', sa.Boolean(), server_default=sa.text('true'), nullable=False))
    op.add_column('outcomes', sa.Column('counted', sa.Boolean(), server_default=sa.text('true'), nullable=False))
    site = sa.text("site_id IS NOT NULL")
    op.create_index('ix_cohorts_site_cover', 'cohorts', ['site_id', 'counted', 'year_start', 'year_end', 'fact_status', 'learners'], unique=False, sqlite_where=site, postgresql_where=site)
    op.create_table('summary_cost_totals',
    sa.Column('geo_level', sa.String(length=12), nullable=False),
    sa.Column('region_code', sa.String(length=3), nullable=True),
    sa.Column('departement_code', sa.String(length=3), nullable=True),
    sa.Column('programme_id', sa.String(length=40), nullable=True),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('status_group', sa.String(length=10), nullable=False),
    sa.Column('fact_status', sa.String(length=10), nullable=True),
    sa.Column('reason', sa.String(length=30), nullable=True),
    sa.Column('exit_reason', sa.String(length=30), nullable=True),
    sa.Column('n', sa.Integer(), server_default='0', nullable=False),
    sa.Column('cost_min', sa.Float(), nullable=True),
    sa.Column('cost_max', sa.Float(), nullable=True),
    sa.Column('cost_exit_min', sa.Float(), nullable=True),
    sa.Column('cost_exit_max', sa.Float(), nullable=True),
    sa.Column('scope_name', sa.String(length=200), nullable=True),
    sa.Column('n_known', sa.Integer(), nullable=True),
    sa.Column('total', sa.Integer(), nullable=True),
    sa.Column('exit_period', sa.Text(), nullable=True)
    )
    op.create_index('ix_sum_cost_totals_dep', 'summary_cost_totals', ['geo_level', 'departement_code', 'year'], unique=False)
    op.create_index('ix_sum_cost_totals_france', 'summary_cost_totals', ['geo_level', 'year'], unique=False)
    op.create_index('ix_sum_cost_totals_programme', 'summary_cost_totals', ['geo_level', 'programme_id', 'year'], unique=False)
    op.create_index('ix_sum_cost_totals_region', 'summary_cost_totals', ['geo_level', 'region_code', 'year'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_sum_cost_totals_region', table_name='summary_cost_totals')
    op.drop_index('ix_sum_cost_totals_programme', table_name='summary_cost_totals')
    op.drop_index('ix_sum_cost_totals_france', table_name='summary_cost_totals')
    op.drop_index('ix_sum_cost_totals_dep', table_name='summary_cost_totals')
    op.drop_table('summary_cost_totals')
    op.drop_index('ix_cohorts_site_cover', table_name='cohorts')

    op.drop_column('outcomes', 'counted')
    op.drop_column('indicators', 'counted')
    op.drop_column('funding_lines', 'amount_period')
    op.drop_column('funding_lines', 'counted')
    op.drop_column('cohorts', 'counted')
    op.drop_index('ix_sum_sources_topic', table_name='summary_sources')
    op.drop_index('ix_sum_sources_probe', table_name='summary_sources')
    op.drop_index('ix_sum_sources_dep', table_name='summary_sources')
    op.drop_table('summary_sources')
    op.drop_index('ix_sum_outcomes_region', table_name='summary_outcomes')
    op.drop_index('ix_sum_outcomes_programme', table_name='summary_outcomes')
    op.drop_index('ix_sum_outcomes_france', table_name='summary_outcomes')
    op.drop_index('ix_sum_outcomes_dep', table_name='summary_outcomes')
    op.drop_table('summary_outcomes')
    op.drop_index('ix_sum_funding_region', table_name='summary_funding')
    op.drop_index('ix_sum_funding_programme', table_name='summary_funding')
    op.drop_index('ix_sum_funding_france', table_name='summary_funding')
    op.drop_index('ix_sum_funding_dep', table_name='summary_funding')
    op.drop_table('summary_funding')
    op.drop_index('ix_sum_cost_year', table_name='summary_cost')
    op.drop_index('ix_sum_cost_region', table_name='summary_cost')
    op.drop_index('ix_sum_cost_programme', table_name='summary_cost')
    op.drop_index('ix_sum_cost_dep', table_name='summary_cost')
    op.drop_table('summary_cost')
    op.drop_index('ix_sum_cohorts_region', table_name='summary_cohorts')
    op.drop_index('ix_sum_cohorts_programme', table_name='summary_cohorts')
    op.drop_index('ix_sum_cohorts_france', table_name='summary_cohorts')
    op.drop_index('ix_sum_cohorts_dep', table_name='summary_cohorts')
    op.drop_table('summary_cohorts')
