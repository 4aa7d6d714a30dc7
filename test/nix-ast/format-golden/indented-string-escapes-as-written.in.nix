{ x, y }:
{
  a = ''
        ''\a ''\t '''quoted''' ''${not} ''$x
        ''\
      tail ${ x } end
    '';
  b = [ ''
    first
      ${y}
  '' ];
  c = ''  two spaces'';
}
