# Lành Mạnh: the obvious targets. `make run` and `make test` are all a newcomer needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
PLAN   ?= data/plans/tay-ninh-2019.yaml
# Development defaults; production sets DEBUG=0 with SECRET_KEY and ALLOWED_HOSTS (docs/deployment.md).
export DEBUG ?= 1

.PHONY: run setup install test test-postgres lint format bench clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11+ is required")'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

# Migrate the embedded database, load reference data, the 2019 plan and demo data. Idempotent.
setup: install
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_units data/units/tay-ninh-2019.json
	$(BIN)/python manage.py load_agencies data/agencies/tay-ninh.yaml
	$(BIN)/python manage.py load_plan $(PLAN)
	$(BIN)/python manage.py demo

run: setup
	@echo "Lành Mạnh: http://127.0.0.1:$(PORT)/"
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy lanhmanh
	$(BIN)/python manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The foundation's figures, then each area's (bench/bench_<area>.py).
bench: install
	$(BIN)/python bench/run.py
	for f in bench/bench_*.py; do [ -e "$$f" ] || continue; $(BIN)/python "$$f" || exit 1; done

clean:
	rm -rf $(VENV) var/static .pytest_cache .mypy_cache .ruff_cache
