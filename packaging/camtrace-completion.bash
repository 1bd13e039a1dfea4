# bash completion for camtrace. Subcommands and each subcommand's options are read from camtrace's own
# --help, so they never fall behind the program.
_camtrace() {
  local cur=${COMP_WORDS[COMP_CWORD]} sub="" i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case ${COMP_WORDS[i]} in
      -*) ;;
      *) sub=${COMP_WORDS[i]}; break ;;
    esac
  done
  local words
  if [[ -z $sub && $cur != -* ]]; then
    words=$("${COMP_WORDS[0]}" --help 2>/dev/null | awk '/^Subcommands:/ { on = 1; next } /^$/ { on = 0 } on && /^  [a-z]/ { print $1 }')
  elif [[ $cur == -* ]]; then
    words=$("${COMP_WORDS[0]}" ${sub:+"$sub"} --help 2>/dev/null | grep -oE '^ +-[-a-zA-Z0-9,]+' | tr ',' ' ')
  else
    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
    return
  fi
  mapfile -t COMPREPLY < <(compgen -W "$words" -- "$cur")
}
complete -o filenames -F _camtrace camtrace
