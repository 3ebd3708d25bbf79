# boardpapers: `make paper` and `make test` are all the set-up anyone needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PAPER ?= inputs/papers/elective-care-capacity.yaml
MEETING ?= inputs/meetings/ics-board/2020-12-02-ics-board.yaml
MEETINGS ?= inputs/meetings
MINUTES ?= inputs/meetings/ics-board/2020-12-02-minutes.yaml
OUT ?= outputs/papers
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help install validators paper pack packs site timetable minutes check test bench templates clean

help: ## List the targets
	@echo "boardpapers: board papers from YAML and Markdown"
	@echo
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 12
	@echo
	@echo "Variables: PAPER=$(PAPER) OUT=$(OUT) MEETING=$(MEETING) MEETINGS=$(MEETINGS) MINUTES=$(MINUTES)"

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

install: $(STAMP) ## Create .venv and install boardpapers into it (done on first use)

validators: $(STAMP) ## Set up veraPDF (PDF/UA-1, needs Java) in .venv/verapdf and axe-core (WCAG, needs node and chromium) in .venv/axe
	PYTHON=$(BIN)/python pipeline/verapdf/install $(VENV)/verapdf
	pipeline/axe/install $(VENV)/axe

paper: $(STAMP) ## Build PAPER into OUT (default: the shipped example paper)
	$(BIN)/boardpapers paper $(PAPER) --out $(OUT)

pack: $(STAMP) ## Build MEETING's agenda, papers and packs (Word and PDF) under outputs/
	$(BIN)/boardpapers pack $(MEETING) --out outputs

packs: $(STAMP) ## Build every meeting under MEETINGS that changed since its last build
	$(BIN)/boardpapers packs $(MEETINGS) --out outputs

site: $(STAMP) ## Publish every meeting under MEETINGS as a website in outputs/site (HTML first, PDF and Word beside)
	$(BIN)/boardpapers publish $(MEETINGS) --out outputs/site --work outputs

minutes: $(STAMP) ## Build MINUTES: minutes, public minutes and decisions (Word and PDF) under outputs/minutes/
	$(BIN)/boardpapers minutes $(MINUTES) --out outputs/minutes --pdf

timetable: $(STAMP) ## Print MEETING's report deadline, last publication day and meeting; write them to outputs/timetable.ics
	$(BIN)/boardpapers timetable $(MEETING) --ics outputs/timetable.ics

check: $(STAMP) ## Check PAPER without building
	$(BIN)/boardpapers check $(PAPER)

test: $(STAMP) ## Run the tests (the PDF tests need LibreOffice: see README)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP) ## Time pack builds of 10, 50 and 200 papers against pandoc + soffice (SIZES="10 50" for fewer)
	$(BIN)/python tests/bench/run.py $(if $(SIZES),--sizes $(SIZES))

templates: $(STAMP) ## Recreate the house styles' Word files (overwrites edits made in Word)
	$(BIN)/python templates/generate.py

clean: ## Remove built outputs and test leftovers (keeps .venv)
	find outputs -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
	rm -rf tests/failed .pytest_cache
