self: # from the flake

finalLib: prevLib: # lib overlay

{
  a = 1;
}
