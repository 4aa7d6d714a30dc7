let
in
1
