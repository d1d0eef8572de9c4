#!/usr/bin/env bash
# ansible-rulebook evaluates rules with Drools through drools_jpy, which needs a Java 17 or newer runtime:
# fail with how to install one when `java` is missing or too old.
set -uo pipefail
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
version="$("$java_bin" -version 2>&1 | sed -n 's/.*version "\([0-9][0-9]*\).*/\1/p' | head -1)"
if [ -z "$version" ] || [ "$version" -lt 17 ]; then
  echo "ansible-rulebook (make eda) needs a Java 17+ runtime; found: ${version:-none} ($java_bin)." >&2
  echo "Install one, e.g.: sudo apt-get install openjdk-17-jre-headless (Debian/Ubuntu)," >&2
  echo "  sudo dnf install java-17-openjdk-headless (Fedora/RHEL), brew install openjdk@17 (macOS)," >&2
  echo "then put its bin directory on PATH or set JAVA_HOME." >&2
  exit 1
fi
echo "java $version: ok for ansible-rulebook"
