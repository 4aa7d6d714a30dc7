''
  write something like
      ${warn "inputs.someflake"}${
        if expectedClass == null then
          good ".modules.someApp.default"
        else
          good ".modules.${expectedClass}.default"

      }
''
