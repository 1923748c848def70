#!/bin/sh
# Stands in for the system browser in end-to-end tests: records each URL the app opens.
echo "$1" >> "$ECA_E2E_OPENED"
