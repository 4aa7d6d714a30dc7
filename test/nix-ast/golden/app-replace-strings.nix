builtins.replaceStrings [ "@" ":" ] [ "-" "-" ] name
