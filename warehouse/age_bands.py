"""The age bands a cadre's age is kept as: a module of its own, as staging bands ages where files are
read, and a process that only reads, validates and stages them (a dry run, the benchmark's workers) need
not import the warehouse's tables (SQLAlchemy: a tenth of a second). The inbox flow's workers import it
still: each task run's context brings the flow, whose module loads the warehouse."""

AGE_BANDS = ((30, "Dưới 30"), (35, "30–34"), (40, "35–39"), (45, "40–44"), (50, "45–49"), (55, "50–54"), (60, "55–59"))
"""(age below which, band) in order; 60 and over is OLDEST_BAND. A cadre's age is kept as a band: with
the commune and the post, a birth year (or an exact age, the same thing at 31 December) identifies an
official, and a date of birth is personal data, kept in schema `restricted` only. Five-year bands keep
the national indicators: under 35 (young cadres), 60 and over (retirement)."""
OLDEST_BAND = "60 trở lên"
